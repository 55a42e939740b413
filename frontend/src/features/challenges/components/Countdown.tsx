import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatCountdown } from '../format';

const t = challengeMessages.countdown;
/** A countdown to the deadline that ticks every second; the server's clock decides in the end. */
export function Countdown({ deadline }: { deadline: string }) {
  const [now, setNow] = useState(() => Date.now());
  const ended = new Date(deadline).getTime() <= now;
  useEffect(() => {
    if (ended) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ended]);
  const text = formatCountdown(deadline, now);
  return (
    <Typography.Text
      type={ended ? 'secondary' : 'danger'}
      data-testid="countdown"
      role="timer"
      aria-label={ended ? text : `${t.prefix} ${text}`}
      style={{ fontVariantNumeric: 'tabular-nums' }}
    >
      {ended ? text : `${t.prefix} ${text}`}
    </Typography.Text>
  );
}
