/**
 * An address that wraps at its natural joints (after "@", before each ".") instead of at
 * any letter, so a long one stays readable in a narrow column; the whole text is kept.
 */
export function BreakableEmail({ email }: { email: string }) {
  const [local, domain] = email.split(/@(?=[^@]*$)/);
  const parts = (domain ?? '').split('.');
  return (
    <span className="break">
      {local}
      {domain !== undefined && (
        <>
          @<wbr />
          {parts.map((part, i) => (
            <span key={i}>
              {i > 0 && (
                <>
                  <wbr />.
                </>
              )}
              {part}
            </span>
          ))}
        </>
      )}
    </span>
  );
}
