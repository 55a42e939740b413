import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, List, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../app/errors';
import { messages } from '../../locales/zh-CN';
import { attachmentsQuery, downloadAttachment, uploadAttachment, type EntityType } from './attachments';

const t = messages.entry;

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function AttachmentsCard({
  entityType,
  entityId,
  canUpload,
}: {
  entityType: EntityType;
  entityId: string;
  canUpload: boolean;
}) {
  const query = attachmentsQuery(entityType, entityId);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, isPending } = useQuery(query);
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadAttachment(entityType, entityId, file);
      await queryClient.invalidateQueries({ queryKey: query.queryKey });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Card
      title={t.attachments}
      size="small"
      extra={
        canUpload && (
          <Upload
            showUploadList={false}
            accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t.upload}
            </Button>
          </Upload>
        )
      }
    >
      <List
        loading={isPending}
        dataSource={data ?? []}
        locale={{ emptyText: t.noAttachments }}
        rowKey="id"
        renderItem={(a) => (
          <List.Item
            actions={[
              <Button
                key="dl"
                type="link"
                aria-label={`${t.download} ${a.filename}`}
                onClick={() => downloadAttachment(a.id, a.filename).catch((e) => message.error(errorMessage(e)))}
              >
                {t.download}
              </Button>,
            ]}
          >
            <a href={`/api/v1/attachments/${a.id}`} download={a.filename}>
              {a.filename}
            </a>
            <span style={{ marginLeft: 8, color: '#888' }}>{formatSize(a.size)}</span>
          </List.Item>
        )}
      />
    </Card>
  );
}
