/**
 * Renders pages as the app does (query cache, session, router) against a stubbed `fetch`,
 * so a test drives the real components and their real API client.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import type { ErrorBody } from '../../../contracts/common.ts';
import { SessionProvider } from '../app/session.tsx';
import '../i18n/index.ts';
import type { Me } from '../lib/api.ts';
import { createQueryClient } from '../lib/query.ts';

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export const apiError = (status: number, error: ErrorBody['error']) => json({ error }, status);

/** One request the page made. */
export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

/**
 * Stubs `fetch` with answers by "METHOD /api/path" (the query string is ignored; a handler
 * can read it from `call.path`). The session answer is built from `user`. A request nobody
 * answers gets a 404, and is in `calls` for the test to see.
 */
export function stubApi(routes: Record<string, Handler>, user: Me | null = null): Call[] {
  const calls: Call[] = [];
  const all: Record<string, Handler> = {
    'GET /api/auth/session': () =>
      json({ user, csrfToken: user ? 'csrf' : null, setupRequired: false }),
    ...routes,
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const call = { method, path: url.pathname + url.search, body };
      calls.push(call);
      const handler = all[`${method} ${url.pathname}`];
      if (!handler) return apiError(404, { code: 'not_found', message: 'Not found' });
      return handler(call);
    }),
  );
  return calls;
}

/** The app's providers around `routes`, starting at `path`; returns the router to move on. */
export function renderRoutes(routes: RouteObject[], path: string) {
  const queryClient = createQueryClient();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}

/** A promise the test settles when it chooses: a slow answer. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
