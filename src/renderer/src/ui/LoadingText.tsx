/** A polite status line while something loads, so screen readers hear that the page is working. */
export function LoadingText({ text }: { text: string }) {
  return (
    <p className="loading-text" role="status">
      {text}
    </p>
  );
}
