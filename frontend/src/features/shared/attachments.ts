import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { saveBlob } from './download';

export type EntityType = components['schemas']['EntityType'];

/** Keyed under the collection (`['demands', 'attachments', id]`) so invalidating it covers them. */
export const attachmentsQuery = (entityType: EntityType, entityId: string) =>
  queryOptions({
    queryKey: [entityType, 'attachments', entityId] as const,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/{entity_type}/{entity_id}/attachments', {
          params: { path: { entity_type: entityType, entity_id: entityId } },
        }),
      ),
  });

export async function uploadAttachment(entityType: EntityType, entityId: string, file: File) {
  return unwrap(
    await api.POST('/api/v1/{entity_type}/{entity_id}/attachments', {
      params: { path: { entity_type: entityType, entity_id: entityId } },
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', file);
        return form;
      },
    }),
  );
}

/** Downloads through the API client, so drafts' files reach their owners with the token. */
export async function downloadAttachment(id: string, filename: string) {
  const { data, response } = await api.GET('/api/v1/attachments/{attachment_id}', {
    params: { path: { attachment_id: id } },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw new Error(`HTTP ${response.status}`);
  saveBlob(data, filename);
}
