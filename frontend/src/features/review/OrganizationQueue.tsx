import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, List, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../app/errors';
import { organizationMessages as t } from '../../locales/organizations.zh-CN';
import { messages } from '../../locales/zh-CN';
import { RejectModal } from './RejectModal';

const QUEUE_KEY = ['admin', 'organizations', 'pending'] as const;

const pendingOrganizations = infiniteQueryOptions({
  queryKey: QUEUE_KEY,
  queryFn: async ({ pageParam }) =>
    unwrap(
      await api.GET('/api/v1/admin/organizations', {
        params: { query: { status: 'pending', limit: 20, cursor: pageParam } },
      }),
    ),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.next_cursor ?? undefined,
});

async function decide(id: string, action: 'verify' | 'reject', reason?: string) {
  return unwrap(
    await api.POST('/api/v1/organizations/{organization_id}/{action}', {
      params: { path: { organization_id: id, action } },
      body: reason ? { reason } : undefined,
    }),
  );
}

/** 机构认证: organisations that registered and wait for bureau staff to verify them. */
export function OrganizationQueue() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(pendingOrganizations);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (v: { id: string; action: 'verify' | 'reject'; reason?: string }) =>
      decide(v.id, v.action, v.reason),
    onSuccess: (_data, { action }) => {
      message.success(action === 'verify' ? t.verified : t.rejected);
      setRejecting(null);
      void queryClient.invalidateQueries({ queryKey: QUEUE_KEY });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <Alert type="error" showIcon message={errorMessage(query.error)} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (!items.length) return <Empty description={t.empty} />;
  return (
    <>
      <List
        dataSource={items}
        renderItem={(org) => (
          <List.Item
            actions={[
              <Button
                key="verify"
                type="primary"
                aria-label={`${t.verify} ${org.name}`}
                loading={act.isPending && act.variables.id === org.id && act.variables.action === 'verify'}
                onClick={() => act.mutate({ id: org.id, action: 'verify' })}
              >
                {t.verify}
              </Button>,
              <Button key="reject" danger aria-label={`${t.reject} ${org.name}`} onClick={() => setRejecting(org.id)}>
                {t.reject}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <>
                  {org.name} <Tag>{messages.orgKinds[org.kind] ?? org.kind}</Tag>
                </>
              }
              description={
                <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                  <Descriptions.Item label={t.creditCode}>{org.credit_code}</Descriptions.Item>
                  <Descriptions.Item label={t.contact}>
                    {[org.contact_name, org.contact_phone, org.contact_email].filter(Boolean).join(' · ') || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t.registeredAt}>{org.created_at.slice(0, 10)}</Descriptions.Item>
                </Descriptions>
              }
            />
          </List.Item>
        )}
      />
      {query.hasNextPage && (
        <Button block onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {messages.list.loadMore}
        </Button>
      )}
      <RejectModal
        open={rejecting !== null}
        busy={act.isPending}
        onCancel={() => setRejecting(null)}
        onSubmit={(reason) => rejecting && act.mutate({ id: rejecting, action: 'reject', reason })}
      />
    </>
  );
}
