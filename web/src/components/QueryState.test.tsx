import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ShowMore } from './QueryState.tsx';

const pages = (state: { hasNextPage: boolean; isFetchingNextPage: boolean }) => ({
  ...state,
  fetchNextPage: vi.fn(() => Promise.resolve({} as never)),
});

describe('ShowMore', () => {
  it('shows nothing when there is no next page', () => {
    const { container } = render(
      <ShowMore query={pages({ hasNextPage: false, isFetchingNextPage: false })} label="More" />,
    );
    expect(container.innerHTML).toBe('');
  });

  it('loads the next page when pressed', () => {
    const query = pages({ hasNextPage: true, isFetchingNextPage: false });
    render(<ShowMore query={query} label="Show older" />);
    fireEvent.click(screen.getByRole('button', { name: 'Show older' }));
    expect(query.fetchNextPage).toHaveBeenCalledOnce();
  });

  it('cannot be pressed again while the next page is loading', () => {
    const query = pages({ hasNextPage: true, isFetchingNextPage: true });
    render(<ShowMore query={query} label="More" />);
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'More' });
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(query.fetchNextPage).not.toHaveBeenCalled();
  });
});
