import { Layout, Typography } from 'antd';
import { Link, Outlet } from 'react-router-dom';
import { messages } from '../../locales/zh-CN';

const { Header, Content, Footer } = Layout;

export function PublicLayout() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          paddingInline: 'clamp(16px, 4vw, 48px)',
          background: '#fff',
          borderBottom: '1px solid rgba(5, 5, 5, 0.06)',
        }}
      >
        <Link to="/" aria-label={messages.app.home} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Text strong style={{ fontSize: 18 }}>
            {messages.app.name}
          </Typography.Text>
        </Link>
      </Header>
      <Content style={{ padding: 'clamp(16px, 4vw, 48px)' }}>
        <Outlet />
      </Content>
      <Footer style={{ textAlign: 'center', fontSize: 12 }}>{messages.app.footer}</Footer>
    </Layout>
  );
}
