import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Button, Empty, Flex, Result, Table, type TableProps } from 'antd';
import { errorMessage } from '../../app/errors';
import { messages } from '../../locales/zh-CN';

const t = messages.list;

type Page<T> = { items: T[]; next_cursor?: string | null };

/**
 * A table over a cursor-paginated list: pages appended by “加载更多”, never page numbers; when
 * loading fails, why, and 重试.
 */
export function CursorTable<T extends object>({
  query,
  rowKey,
  label,
  emptyText = t.empty,
  size = 'middle',
  ...table
}: Pick<TableProps<T>, 'columns' | 'expandable'> & {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  rowKey: keyof T & string;
  label: string;
  emptyText?: string;
  size?: TableProps<T>['size'];
}) {
  const { data, isPending, isError, error, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } =
    query;
  if (isError) {
    return (
      <Result
        status="warning"
        title={t.error}
        subTitle={errorMessage(error)}
        extra={<Button onClick={() => void refetch()}>{t.retry}</Button>}
      />
    );
  }
  const rows = data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Table<T>
        {...table}
        aria-label={label}
        rowKey={rowKey}
        dataSource={rows}
        loading={isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        size={size}
        locale={{ emptyText: <Empty description={emptyText} /> }}
      />
      {hasNextPage ? (
        <Button
          style={{ alignSelf: 'center' }}
          loading={isFetchingNextPage}
          onClick={() => void fetchNextPage()}
        >
          {t.loadMore}
        </Button>
      ) : null}
    </Flex>
  );
}
