import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { Alert, Button, Empty, List, Select, Space, Spin } from 'antd';
import type { ReactNode } from 'react';
import { messages } from '../../locales/zh-CN';
import { errorMessage } from '../../app/errors';

export interface FilterDef {
  key: string;
  label: string;
  options: { value: string; label: string }[];
}

const noFilters: FilterDef[] = [];
const noValues: Record<string, string | undefined> = {};
const ignore = () => undefined;

/** Filters as selects, a keyset-paged list with 加载更多, and loading / empty / error states. */
export function EntryList<T>({
  query,
  filters = noFilters,
  values = noValues,
  onChange = ignore,
  renderItem,
  rowKey = (item) => (item as { id: string }).id,
  empty,
  testId,
}: {
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[]; next_cursor?: string | null }>>;
  filters?: FilterDef[];
  values?: Record<string, string | undefined>;
  onChange?: (key: string, value: string | undefined) => void;
  renderItem: (item: T) => ReactNode;
  rowKey?: (item: T) => string;
  empty?: ReactNode;
  testId?: string;
}) {
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {filters.length > 0 && (
        <Space wrap>
          {filters.map((f) => (
          <Select
            key={f.key}
            aria-label={f.label}
            placeholder={f.label}
            allowClear
            style={{ minWidth: 150 }}
            options={f.options}
            value={values[f.key]}
            onChange={(v: string | undefined) => onChange(f.key, v)}
          />
        ))}
        </Space>
      )}
      {query.isPending ? (
        <Spin description={messages.list.loading} style={{ display: 'block', margin: 32 }} />
      ) : query.isError ? (
        <Alert
          type="error"
          showIcon
          title={messages.list.error}
          description={errorMessage(query.error)}
          action={<Button onClick={() => query.refetch()}>{messages.list.retry}</Button>}
        />
      ) : items.length === 0 ? (
        (empty ?? <Empty description={messages.list.empty} />)
      ) : (
        <List dataSource={items} rowKey={rowKey} data-testid={testId} renderItem={(item) => renderItem(item)} />
      )}
      {query.hasNextPage && (
        <Button block onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {messages.list.loadMore}
        </Button>
      )}
    </Space>
  );
}
