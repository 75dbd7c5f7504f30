import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import '../i18n/index.ts';
import en from '../i18n/en.ts';
import { useForm } from '../lib/form.ts';
import { DisplayNameField } from './fields.tsx';

/** A form with only the field, checked against a short limit so an error is easy to cause. */
function NameForm() {
  const form = useForm();
  const [name, setName] = useState('Sam');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(async () => {
          form.check(z.object({ displayName: z.string().max(5) }), { displayName: name });
          return 'saved';
        });
      }}
    >
      <DisplayNameField form={form} value={name} onChange={setName} />
      <button type="submit">Save</button>
      <output>{name}</output>
    </form>
  );
}

describe('DisplayNameField', () => {
  it('is labelled, hinted, offered as a nickname and limited to 60 characters', () => {
    render(<NameForm />);
    const input = screen.getByLabelText<HTMLInputElement>(en.fields.displayName);
    expect(input.autocomplete).toBe('nickname');
    expect(input.maxLength).toBe(60);
    expect(screen.getByText(en.fields.displayNameHint)).toBeTruthy();
    fireEvent.change(input, { target: { value: 'Sam R.' } });
    expect(screen.getByRole('status').textContent).toBe('Sam R.');
  });

  it('shows the form’s error for displayName on the field', async () => {
    render(<NameForm />);
    const input = screen.getByLabelText(en.fields.displayName);
    expect(input.getAttribute('aria-invalid')).not.toBe('true');
    fireEvent.change(input, { target: { value: 'Samantha R.' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(en.validation.tooLong.replace('{{max}}', '5'))).toBeTruthy();
  });
});
