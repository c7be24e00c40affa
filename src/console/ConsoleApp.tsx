export function ConsoleApp() { return <p>console</p>; }
