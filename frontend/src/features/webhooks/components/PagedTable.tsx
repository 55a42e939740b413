import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Alert, Button, Empty, Table, type TableProps } from 'antd';
import { errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';

const t = messages.webhooks;

type Page<T> = { items: T[]; next_cursor?: string | null };

/**
 * A cursor-paged list of the webhooks console as a table (or why it failed to load, with 重试),
 * followed by 加载更多 while there are more pages.
 */
export function PagedTable<T extends { id: string }>({
  query,
  emptyText,
  ...table
}: Pick<TableProps<T>, 'columns' | 'size' | 'expandable'> & {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  emptyText: string;
}) {
  return (
    <>
      {query.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t.loadError}
          description={errorMessage(query.error)}
          action={<Button onClick={() => void query.refetch()}>{t.retry}</Button>}
        />
      ) : (
        <Table<T>
          {...table}
          rowKey="id"
          loading={query.isPending}
          dataSource={query.data?.pages.flatMap((page) => page.items) ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={emptyText} /> }}
        />
      )}
      {query.hasNextPage && (
        <Button
          block
          style={{ marginTop: 16 }}
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t.loadMore}
        </Button>
      )}
    </>
  );
}
