import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../i18n/index.ts';
import { PageHeading, setOrganisationName } from './page.tsx';

afterEach(() => setOrganisationName(null));

describe('the document title', () => {
  it("ends with the product name until the organisation's name is known, then with it", () => {
    render(<PageHeading>Find a group</PageHeading>);
    expect(document.title).toBe('Find a group · Iconocast');
    act(() => setOrganisationName('Bristol Peer Support'));
    expect(document.title).toBe('Find a group · Bristol Peer Support');
    act(() => setOrganisationName(null));
    expect(document.title).toBe('Find a group · Iconocast');
  });
});
