import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { SimilarEntry } from './similar';
import { SimilarWarning } from './SimilarWarning';

const entry = (over: Partial<SimilarEntry>): SimilarEntry => ({
  type: 'demand',
  id: '00000000-0000-0000-0000-000000000001',
  title: '高纯镁提纯工艺',
  status: 'published',
  organization_id: '00000000-0000-0000-0000-0000000000aa',
  same_organization: false,
  similarity: 0.8,
  ...over,
});

function renderWarning(items: SimilarEntry[]) {
  return render(
    <MemoryRouter>
      <SimilarWarning items={items} />
    </MemoryRouter>,
  );
}

describe('SimilarWarning', () => {
  it('lists similar entries with their type, a link to each and the own-organisation tag', () => {
    renderWarning([
      entry({}),
      entry({ type: 'achievement', id: 'a-2', title: '镁合金提纯技术', same_organization: true }),
      entry({ type: 'project', id: 'p-3', title: '高纯镁提纯中试项目' }),
    ]);
    const alert = screen.getByTestId('similar-warning');
    expect(alert).toHaveTextContent('发现相似条目，请确认是否重复发布');
    const items = within(alert).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('需求');
    expect(within(items[0]!).getByRole('link', { name: '高纯镁提纯工艺' })).toHaveAttribute(
      'href',
      '/demands/00000000-0000-0000-0000-000000000001',
    );
    expect(items[0]).not.toHaveTextContent('本机构');
    expect(items[1]).toHaveTextContent('成果');
    expect(items[1]).toHaveTextContent('本机构');
    expect(within(items[1]!).getByRole('link')).toHaveAttribute('href', '/achievements/a-2');
    expect(items[2]).toHaveTextContent('项目');
    expect(within(items[2]!).getByRole('link')).toHaveAttribute('href', '/projects/p-3');
  });

  it('shows at most five entries', () => {
    renderWarning(Array.from({ length: 8 }, (_, i) => entry({ id: `d-${i}`, title: `条目${i}` })));
    expect(within(screen.getByTestId('similar-warning')).getAllByRole('listitem')).toHaveLength(5);
  });

  it('renders nothing when there are no similar entries', () => {
    const { container } = renderWarning([]);
    expect(screen.queryByTestId('similar-warning')).not.toBeInTheDocument();
    expect(screen.queryByText('发现相似条目，请确认是否重复发布')).not.toBeInTheDocument();
    expect(container).toBeEmptyDOMElement();
  });
});
