import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDER_FORM_ID, withSingle } from './finder-url.ts';
import { formatDistance } from './labels.ts';
import { DISTANCE_UNITS, RADII } from './values.ts';

/** Near me (the browser's location, rounded), near a place, and how far. */
export function Distance({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const near = params.get('near');
  const place = params.get('place') ?? '';
  const units = params.get('units') === 'mi' ? 'mi' : 'km';
  const radius = params.get('radius') ?? '';

  const nearMe = () => {
    if (!('geolocation' in navigator)) {
      setMessage(t('finder.locationUnsupported'));
      return;
    }
    setLocating(true);
    setMessage(t('finder.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setMessage(null);
        // Two decimals (about 1 km) are enough to sort by distance and say less about you.
        const lat = pos.coords.latitude.toFixed(2);
        const lng = pos.coords.longitude.toFixed(2);
        onChange(withSingle(params, { near: `${lat},${lng}`, place: null }));
      },
      (err) => {
        setLocating(false);
        setMessage(
          err.code === err.PERMISSION_DENIED
            ? t('finder.locationDenied')
            : t('finder.locationUnavailable'),
        );
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  };

  return (
    <fieldset className="filter-group">
      <legend>{t('finder.distance')}</legend>
      <div className="stack-s">
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={nearMe}
            disabled={locating}
            aria-pressed={!!near}
          >
            <span aria-hidden="true">◎ </span>
            {t('finder.nearMe')}
          </button>
          {(near || place) && (
            <button
              type="button"
              className="link-button"
              onClick={() =>
                onChange(withSingle(params, { near: null, place: null, radius: null }))
              }
            >
              {t('finder.clearDistance')}
            </button>
          )}
        </div>
        <p className="hint">{t('finder.nearMeHint')}</p>
        <div role="status" className="form-status">
          {message && <p className="notice notice--info">{message}</p>}
        </div>
        {/* A field of the finder's search form (SearchBox), which applies the place. */}
        <div className="finder__place">
          <label htmlFor="finder-place">{t('finder.place')}</label>
          <div className="finder__search-row">
            <input
              key={place}
              id="finder-place"
              name="place"
              form={FINDER_FORM_ID}
              type="text"
              defaultValue={place}
              autoComplete="address-level2"
              maxLength={100}
            />
            <button type="submit" form={FINDER_FORM_ID} className="button button--ghost">
              {t('finder.placeGo')}
            </button>
          </div>
        </div>
        <div className="finder__radius">
          <div className="field">
            <label htmlFor="finder-radius">{t('finder.radius')}</label>
            <select
              id="finder-radius"
              name="radius"
              form={FINDER_FORM_ID}
              value={radius}
              onChange={(e) => onChange(withSingle(params, { radius: e.target.value || null }))}
            >
              <option value="">{t('finder.radiusDefault', { value: 25 })}</option>
              {RADII.map((r) => (
                <option key={r} value={String(r)}>
                  {formatDistance(r, units)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="finder-units">{t('finder.units')}</label>
            <select
              id="finder-units"
              name="units"
              form={FINDER_FORM_ID}
              value={units}
              onChange={(e) =>
                onChange(
                  withSingle(params, { units: e.target.value === 'km' ? null : e.target.value }),
                )
              }
            >
              {DISTANCE_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`finder.units_${u}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
    </fieldset>
  );
}
