import { labelFor } from './labels.ts';

/** In person / online / hybrid, with a shape as well as the word (never colour alone). */
export function AttendanceBadge({ value }: { value: string }) {
  const icon = value === 'online' ? '◍' : value === 'hybrid' ? '◐' : '⌂';
  return (
    <span className={`attend attend--${value}`}>
      <span aria-hidden="true">{icon} </span>
      {labelFor('attendance', value)}
    </span>
  );
}
