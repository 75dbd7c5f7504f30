/// <reference types="vite/client" />
/**
 * The finder's map (loaded only when someone opens it, and only when an admin configured a
 * tile server). Leaflet, its stylesheet and its marker images are bundled from our own host;
 * the only other host contacted is the configured tile server.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { FinderResult } from '../../../../contracts/finder.ts';
import type { PublicSettings } from '../../../../contracts/settings.ts';

const icon = L.icon({
  iconUrl,
  iconRetinaUrl,
  shadowUrl,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  tooltipAnchor: [16, -28],
  shadowSize: [41, 41],
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Results a map may show: those with coordinates. The server decides what is public (a
 * closed group's meetings come without coordinates), so the map adds no rule of its own.
 */
export function mappable(results: FinderResult[]): FinderResult[] {
  return results.filter((r) => r.location.latitude !== null && r.location.longitude !== null);
}

export default function FinderMap({
  results,
  map: settings,
}: {
  results: FinderResult[];
  map: NonNullable<PublicSettings['map']>;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);
  const shown = mappable(results);
  // Off the map: a closed group's meetings (their place is for members), and the rest
  // without a place (online).
  const closed = results.filter((r) => !shown.includes(r) && !r.group.isOpen).length;
  const online = results.length - shown.length - closed;

  useEffect(() => {
    const el = container.current;
    if (!el || shown.length === 0) return;
    const map = L.map(el, { keyboard: true, scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    L.tileLayer(settings.tileUrl, {
      attribution: escapeHtml(settings.attribution),
      maxZoom: 19,
      crossOrigin: false,
    }).addTo(map);
    const points: L.LatLngTuple[] = [];
    for (const r of shown) {
      const at: L.LatLngTuple = [r.location.latitude!, r.location.longitude!];
      points.push(at);
      // Built as elements, never as HTML text: names come from people.
      const popup = document.createElement('div');
      const title = document.createElement('a');
      title.href = `/meetings/${encodeURIComponent(r.slug)}`;
      title.textContent = r.name;
      title.addEventListener('click', (e) => {
        e.preventDefault();
        void navigate(`/meetings/${encodeURIComponent(r.slug)}`);
      });
      const when = document.createElement('p');
      const time = document.createElement('time');
      time.dateTime = r.next.start;
      time.textContent = r.next.viewer;
      when.append(time);
      const group = document.createElement('p');
      group.textContent = r.group.name;
      popup.append(title, group, when);
      L.marker(at, { icon, title: r.name, alt: r.name, keyboard: true })
        .bindPopup(popup)
        .addTo(map);
    }
    map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 15 });
    return () => {
      map.remove();
    };
    // The results of one page: redrawn when the page's answer changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [results, settings.tileUrl, settings.attribution]);

  return (
    <div className="finder-map stack">
      {shown.length > 0 ? (
        <div
          ref={container}
          className="finder-map__map"
          role="region"
          aria-label={t('finder.mapView.label', { count: shown.length })}
          style={{ height: '28rem' }}
          data-testid="finder-map"
        />
      ) : (
        <p>{t('finder.mapView.none')}</p>
      )}
      {online > 0 && <p className="small">{t('finder.mapView.noLocation', { count: online })}</p>}
      {closed > 0 && <p className="small">{t('finder.mapView.closed', { count: closed })}</p>}
      {shown.length > 0 && <p className="small">{t('finder.mapView.keyboard')}</p>}
    </div>
  );
}
