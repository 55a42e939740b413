import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { messages } from '../../locales/zh-CN';

const t = messages.notFound;

export function NotFoundPage() {
  return (
    <Result
      status="404"
      title="404"
      subTitle={
        <>
          <strong style={{ display: 'block', fontSize: 18, marginBottom: 4 }}>{t.title}</strong>
          {t.subtitle}
        </>
      }
      extra={
        <Link to="/">
          <Button type="primary">{t.backHome}</Button>
        </Link>
      }
    />
  );
}
