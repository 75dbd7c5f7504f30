import { Field } from '../../components/forms.tsx';
import type { Form } from '../../lib/form.ts';
import type { MeetingValues } from './meeting-form.ts';

/** What every part of the meeting editor gets: the values, a setter, the form and the labels. */
export interface MeetingFieldProps {
  values: MeetingValues;
  set: <K extends keyof MeetingValues>(key: K, value: MeetingValues[K]) => void;
  form: Form;
  labels: Record<string, string>;
}

type TextKey = {
  [K in keyof MeetingValues]: string extends MeetingValues[K] ? K : never;
}[keyof MeetingValues];

/** One text-like field of the meeting editor (text, date, time, number, url, tel, or a text area). */
export function MeetingTextField({
  values,
  set,
  form,
  labels,
  name,
  type = 'text',
  optional,
  hint,
  area,
}: MeetingFieldProps & {
  name: TextKey;
  type?: string;
  optional?: boolean;
  hint?: string;
  area?: boolean;
}) {
  return (
    <Field
      name={name}
      label={labels[name] ?? name}
      hint={hint}
      error={form.errors[name]}
      optional={optional}
    >
      {(p) =>
        area ? (
          <textarea {...p} value={values[name]} onChange={(e) => set(name, e.target.value)} />
        ) : (
          <input
            {...p}
            type={type}
            value={values[name]}
            onChange={(e) => set(name, e.target.value)}
          />
        )
      }
    </Field>
  );
}
