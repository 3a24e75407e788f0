/// <reference lib="dom" />
/**
 * The version page in the browser (/modeler/:kind/:id/versionen/:n): a quality reviewer approves (which
 * deploys the version to the engine) or rejects it with a comment through the API. The server refuses
 * one's own change (four-eyes principle) with a German message, shown here as an alert.
 */
import {
  announce,
  byId,
  errorText,
  onPageReady,
  pageData,
  postJson,
  resourceApi,
  type ModelKind,
} from './modeler/api';
import './modeler/pages.css';

interface VersionPageData {
  kind: ModelKind;
  resourceId: string;
  number: number;
}

function main(): void {
  const data = pageData<VersionPageData>('versions-daten');
  const base = `${resourceApi(data.kind, data.resourceId)}/versions/${data.number}`;
  const comment = (): string => byId<HTMLTextAreaElement>('freigabe-kommentar')?.value.trim() ?? '';
  const reload = (notice: string): void => {
    const url = new URL(window.location.href);
    url.searchParams.set('hinweis', notice);
    window.location.assign(url.toString());
  };

  byId('freigeben')?.addEventListener('click', () => {
    void (async () => {
      try {
        await postJson(`${base}/approve`, { comment: comment() });
        reload('freigegeben');
      } catch (error) {
        announce('meldung', errorText(error), 'error');
      }
    })();
  });

  byId('ablehnen')?.addEventListener('click', () => {
    void (async () => {
      if (!comment()) {
        announce('meldung', 'Bitte begründen Sie die Ablehnung im Kommentar.', 'error');
        byId('freigabe-kommentar')?.focus();
        return;
      }
      try {
        await postJson(`${base}/reject`, { comment: comment() });
        reload('abgelehnt');
      } catch (error) {
        announce('meldung', errorText(error), 'error');
      }
    })();
  });
}

onPageReady(main);
