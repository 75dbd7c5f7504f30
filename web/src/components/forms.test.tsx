import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import '../i18n/index.ts';
import en from '../i18n/en.ts';
import { useForm } from '../lib/form.ts';
import { FormEnd } from './forms.tsx';

/** A form whose submit waits for `release`, so the pending state can be seen. */
function SavingForm({ release, label }: { release: Promise<void>; label?: string }) {
  const form = useForm();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(async () => {
          await release;
          return 'Saved it';
        });
      }}
    >
      <FormEnd form={form} label={label}>
        <a href="/elsewhere">Cancel</a>
      </FormEnd>
    </form>
  );
}

describe('FormEnd', () => {
  it('saves by default: "Save", then "Saving…" while it runs, then the outcome', async () => {
    let done!: () => void;
    render(<SavingForm release={new Promise<void>((r) => (done = r))} />);
    expect(screen.getByRole('link', { name: 'Cancel' })).toBeTruthy();
    const button = screen.getByRole<HTMLButtonElement>('button', { name: en.common.save });
    await act(async () => fireEvent.click(button));
    expect(button.textContent).toBe(en.common.saving);
    expect(button.disabled).toBe(true);
    await act(async () => done());
    expect(screen.getByRole('status').textContent).toContain('Saved it');
    expect(button.textContent).toBe(en.common.save);
  });

  it('names its button as told', () => {
    render(<SavingForm release={Promise.resolve()} label="Change email" />);
    expect(screen.getByRole('button', { name: 'Change email' })).toBeTruthy();
  });
});
