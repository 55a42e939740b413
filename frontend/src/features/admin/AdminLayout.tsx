import { Flex, Menu, Typography } from 'antd';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { adminMessages } from '../../locales/admin.zh-CN';

const t = adminMessages.nav;

const ADMIN_SECTIONS = [
  { key: '/admin/users', label: t.users },
  { key: '/admin/taxonomies', label: t.taxonomies },
  { key: '/admin/vocabulary', label: t.vocabulary },
  { key: '/admin/api-keys', label: t.apiKeys },
  { key: '/admin/audit-log', label: t.audit },
  { key: '/admin/imports', label: t.imports },
  { key: '/admin/webhooks', label: t.webhooks },
];

/** The admin console: its sections in a menu above the page. */
export function AdminLayout() {
  const { pathname } = useLocation();
  const selected = ADMIN_SECTIONS.find((s) => pathname.startsWith(s.key))?.key ?? '';
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1200, margin: '0 auto', width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {adminMessages.title}
      </Typography.Title>
      <nav aria-label={adminMessages.title}>
        <Menu
          mode="horizontal"
          selectedKeys={[selected]}
          items={ADMIN_SECTIONS.map((s) => ({ key: s.key, label: <Link to={s.key}>{s.label}</Link> }))}
        />
      </nav>
      <Outlet />
    </Flex>
  );
}
