// Each page's own title (WCAG 2.4.2): "<its h1> – Report a security incident", with "Error: " first while the
// page shows errors, as GOV.UK services do. A component, not a hook, so pages can place it inside any branch.
import { useEffect } from 'preact/hooks';

export const SERVICE_NAME = 'Report a security incident';

export function titleFor(heading: string, error = false): string {
  const title = heading === SERVICE_NAME ? SERVICE_NAME : `${heading} – ${SERVICE_NAME}`;
  return error ? `Error: ${title}` : title;
}

export function PageTitle({ heading, error = false }: { heading: string; error?: boolean }) {
  useEffect(() => {
    document.title = titleFor(heading, error);
  }, [heading, error]);
  return null;
}
