import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../components/forms.tsx';
import { labelFor } from '../finder/labels.ts';
import { COMMON_TYPES } from '../finder/values.ts';
import type { MeetingFieldProps } from './MeetingTextField.tsx';

/** Meeting Guide type codes: the common ones as chips, and any other code typed in. */
export function MeetingTypeFields({ values: v, set, form, labels }: MeetingFieldProps) {
  const { t } = useTranslation();
  const [extraType, setExtraType] = useState('');
  return (
    <fieldset className="panel stack" id={fieldId('types')} tabIndex={-1}>
      <legend className="panel-legend">{labels.types}</legend>
      {form.errors.types && <p className="field-error">{form.errors.types}</p>}
      <ul className="chips chips--compact">
        {[
          ...COMMON_TYPES,
          'ONL',
          ...v.types.filter((x) => !(COMMON_TYPES as readonly string[]).includes(x) && x !== 'ONL'),
        ].map((code) => (
          <li key={code}>
            <input
              type="checkbox"
              id={`type-${code}`}
              checked={v.types.includes(code)}
              onChange={() =>
                set(
                  'types',
                  v.types.includes(code) ? v.types.filter((x) => x !== code) : [...v.types, code],
                )
              }
            />
            <label htmlFor={`type-${code}`}>
              {labelFor('types', code)} <span className="small">({code})</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor="type-extra">{t('editor.otherType')}</label>
        <div className="finder__search-row">
          <input
            id="type-extra"
            type="text"
            value={extraType}
            onChange={(e) => setExtraType(e.target.value)}
          />
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              const code = extraType.trim();
              if (code && !v.types.includes(code)) set('types', [...v.types, code]);
              setExtraType('');
            }}
          >
            {t('editor.addType')}
          </button>
        </div>
      </div>
    </fieldset>
  );
}
