import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { messages } from '../../locales/zh-CN';
import { markAllRead, notificationKeys, notificationListQuery, unreadCountQuery } from './queries';

const t = messages.notifications;

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const { data: count } = useQuery(unreadCountQuery());
  const list = useQuery({ ...notificationListQuery(), enabled: open });
  const unread = count?.unread ?? 0;
  const content = (
    <div style={{ width: 'min(320px, 80vw)' }}>
      {list.data && list.data.items.length > 0 ? (
        <List
          size="small"
          dataSource={list.data.items}
          rowKey="id"
          renderItem={(n) => (
            <List.Item>
              <List.Item.Meta
                title={<Typography.Text strong={!n.read_at}>{n.title}</Typography.Text>}
                description={n.body}
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t.empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      {unread > 0 && (
        <Button
          type="link"
          block
          onClick={async () => {
            await markAllRead();
            await queryClient.invalidateQueries({ queryKey: notificationKeys.all });
          }}
        >
          {t.markAll}
        </Button>
      )}
    </div>
  );
  return (
    <Popover content={content} title={t.title} trigger="click" open={open} onOpenChange={setOpen}>
      <Button type="text" aria-label={`${t.title}（${unread}）`}>
        <Badge count={unread} size="small">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
