import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import es from '../../i18n/es.ts';
import i18n from '../../i18n/index.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import Match from './Match.tsx';

const routes = [{ path: '/groups/match', element: <Match /> }];

afterEach(async () => {
  await i18n.changeLanguage('en');
});

const send = async (label: string) => {
  fireEvent.click(await screen.findByRole('button', { name: label }));
};

describe('Match (the questionnaire)', () => {
  it('names each unanswered question in plain words, without asking the server', async () => {
    const calls = stubApi({ 'POST /api/groups/match': () => json({ matches: [] }) });
    renderRoutes(routes, '/groups/match');
    await send(en.match.submit);

    const summary = await screen.findByRole('heading', { name: en.errors.summaryTitle });
    const list = within(summary.parentElement!);
    expect(list.getByText(`${en.match.workingOn}: ${en.match.errors.workingOn}`)).toBeTruthy();
    expect(list.getByText(`${en.match.howLong}: ${en.match.errors.howLong}`)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/must be one of|not_started|under_90_days/);
    expect(calls.some((c) => c.path === '/api/groups/match')).toBe(false);
  });

  it('says it in Spanish to someone reading Spanish', async () => {
    await i18n.changeLanguage('es');
    stubApi({});
    renderRoutes(routes, '/groups/match');
    await send(es.match.submit);
    expect(await screen.findAllByText(es.match.errors.howLong)).toHaveLength(1);
    expect(screen.getByText(`${es.match.howLong}: ${es.match.errors.howLong}`)).toBeTruthy();
    expect(screen.getByText(es.match.errors.workingOn)).toBeTruthy();
  });

  it('asks for matches once every question needing an answer has one', async () => {
    const calls = stubApi({ 'POST /api/groups/match': () => json({ matches: [] }) });
    renderRoutes(routes, '/groups/match');
    fireEvent.click(await screen.findByLabelText(en.taxonomy.focus.alcohol));
    fireEvent.click(screen.getByLabelText(en.match.howLongOptions.under_90_days));
    await send(en.match.submit);
    expect(await screen.findByText(en.match.none)).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/groups/match')?.body).toMatchObject({
      workingOn: ['alcohol'],
      howLong: 'under_90_days',
      attendance: 'either',
    });
  });
});
