import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Button, Empty, Flex, Result, Table, type TableColumnsType } from 'antd';
import { adminMessages } from '../../../locales/admin.zh-CN';

const t = adminMessages.common;

type Page<T> = { items: T[]; next_cursor?: string | null };

/** A table over a cursor-paginated list: pages appended by “加载更多”, never page numbers. */
export function CursorTable<T extends object>({
  query,
  columns,
  rowKey,
  label,
}: {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  columns: TableColumnsType<T>;
  rowKey: keyof T & string;
  label: string;
}) {
  const { data, isPending, isError, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } =
    query;
  if (isError) {
    return (
      <Result
        status="warning"
        title={t.error}
        extra={<Button onClick={() => void refetch()}>{t.retry}</Button>}
      />
    );
  }
  const rows = data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Table<T>
        aria-label={label}
        rowKey={rowKey}
        columns={columns}
        dataSource={rows}
        loading={isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        size="middle"
        locale={{ emptyText: <Empty description={t.empty} /> }}
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
