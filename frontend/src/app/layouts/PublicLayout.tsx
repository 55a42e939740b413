import { UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { messages } from '../../locales/zh-CN';
import { statsMessages } from '../../locales/stats.zh-CN';
import { adminMessages } from '../../locales/admin.zh-CN';
import { searchMessages } from '../../locales/search.zh-CN';
import { memberMessages } from '../../locales/members.zh-CN';
import { challengeMessages } from '../../locales/challenges.zh-CN';
import { access } from '../access';
import { useMe, useSignedIn, useSignOut } from '../auth/useAuth';

const { Header, Content, Footer } = Layout;
const t = messages.nav;

const SECTIONS = [
  { key: '/', label: t.home },
  { key: '/demands', label: t.demands },
  { key: '/achievements', label: t.achievements },
  { key: '/projects', label: t.projects },
  { key: '/challenges', label: challengeMessages.nav },
  { key: '/league', label: statsMessages.league.title },
  { key: '/search', label: searchMessages.nav },
];

function UserArea() {
  const signedIn = useSignedIn();
  const { data: me } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  if (!signedIn) {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <Link to={location.pathname === '/login' ? '/login' : `/login?next=${next}`}>
        <Button type="primary">{t.login}</Button>
      </Link>
    );
  }
  const items = [
    { key: '/workspace', label: t.workspace },
    ...(me?.membership === 'owner' ? [{ key: '/workspace/members', label: memberMessages.menu }] : []),
    ...(access(me).canReview ? [{ key: '/review', label: t.review }] : []),
    ...(access(me).canAdmin ? [{ key: '/admin', label: adminMessages.title }] : []),
    { type: 'divider' as const },
    { key: 'logout', label: t.logout },
  ];
  return (
    <Space size={4}>
      <NotificationBell />
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: async ({ key }) => {
            if (key === 'logout') {
              await signOut();
              navigate('/');
            } else navigate(key);
          },
        }}
      >
        <Button type="text" icon={<UserOutlined />} aria-label={me?.display_name ?? t.workspace}>
          <span className="user-name">{me?.display_name}</span>
        </Button>
      </Dropdown>
    </Space>
  );
}

export function PublicLayout() {
  const location = useLocation();
  const section =
    SECTIONS.slice(1).find((s) => location.pathname.startsWith(s.key))?.key ??
    (location.pathname === '/' ? '/' : '');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: 'clamp(8px, 4vw, 48px)',
          background: '#fff',
          borderBottom: '1px solid rgba(5, 5, 5, 0.06)',
        }}
      >
        <Link to="/" aria-label={messages.app.home} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 18 }} className="brand-name">
            {messages.app.name}
          </Typography.Text>
        </Link>
        <nav aria-label={messages.app.name} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            mode="horizontal"
            selectedKeys={[section]}
            items={SECTIONS.map((s) => ({ key: s.key, label: <Link to={s.key}>{s.label}</Link> }))}
            style={{ borderBottom: 'none', minWidth: 0 }}
          />
        </nav>
        <UserArea />
      </Header>
      <Content style={{ padding: 'clamp(12px, 4vw, 48px)' }}>
        <Outlet />
      </Content>
      <Footer style={{ textAlign: 'center', fontSize: 12 }}>{messages.app.footer}</Footer>
    </Layout>
  );
}
