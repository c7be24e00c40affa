// The regulator's form as a Word document (docx): one paragraph per block, with a named style per kind of
// block (Question, Answer, Option) so that the document reads like the form and can be checked by machine.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { TICKED, UNTICKED, icoFormBlocks, type FormBlock, type IcoFormInput } from './ico-form.ts';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function icoFormDocx(input: IcoFormInput): Promise<Buffer> {
  const document = new Document({
    creator: input.organisation.name,
    title: 'Report a personal data breach',
    styles: {
      paragraphStyles: [
        { id: 'Question', name: 'Question', basedOn: 'Normal', next: 'Answer', run: { bold: true, size: 24 }, paragraph: { spacing: { before: 240, after: 80 } } },
        { id: 'Answer', name: 'Answer', basedOn: 'Normal', run: { size: 24 }, paragraph: { spacing: { after: 80 } } },
        { id: 'Option', name: 'Option', basedOn: 'Normal', run: { size: 24 }, paragraph: { indent: { left: 360 } } },
      ],
    },
    sections: [{ children: icoFormBlocks(input).map(paragraphOf) }],
  });
  return Packer.toBuffer(document);
}

function paragraphOf(block: FormBlock): Paragraph {
  switch (block.style) {
    case 'title':
      return new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT, children: [new TextRun(block.text)] });
    case 'section':
      return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(block.text)] });
    case 'question':
      return new Paragraph({ style: 'Question', children: [new TextRun(block.text)] });
    case 'answer':
      return new Paragraph({ style: 'Answer', children: [new TextRun(block.text)] });
    case 'option':
      return new Paragraph({ style: 'Option', children: [new TextRun(`${block.ticked ? TICKED : UNTICKED} ${block.text}`)] });
  }
}
