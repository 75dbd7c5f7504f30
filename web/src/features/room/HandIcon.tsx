/** A raised hand, drawn (emoji fonts are missing on some devices); always beside words. */
export function HandIcon() {
  return (
    <svg
      className="hand-icon"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
    >
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M8 13V5.5a1.5 1.5 0 0 1 3 0V12m0-7.5V4a1.5 1.5 0 0 1 3 0v8m0-6.5a1.5 1.5 0 0 1 3 0V12m0-4.5a1.5 1.5 0 0 1 3 0V15a7 7 0 0 1-7 7h-1.5a6 6 0 0 1-4.8-2.4L3.4 15.6a1.6 1.6 0 0 1 2.4-2.1L8 15.5"
      />
    </svg>
  );
}
