import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import type { PageContext } from '../../web/views.service';
import { ModelNotFoundError, VersionNotFoundError } from '../modeler.errors';
import { ModelerService } from '../modeler.service';
import { MODEL_KINDS } from './modeler-pages.dto';
import {
  catalogueContext,
  chosenVersion,
  diffContext,
  diffPair,
  editorContext,
  versionContext,
  type ModelKind,
} from './modeler-pages.view-models';

export interface PageOutcome {
  status: number;
  view: string;
  context: PageContext;
}

const NOTICES: Record<string, string> = {
  freigegeben: 'Die Version ist freigegeben und in Betrieb genommen. Neue Instanzen starten mit ihr.',
  abgelehnt: 'Die Version ist abgelehnt. Die Begründung steht im Verlauf.',
};

function isKind(kind: string): kind is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(kind);
}

/** Builds the contexts of the process editor's pages from ModelerService (read only; writes go through the API). */
@Injectable()
export class ModelerPagesService {
  constructor(private readonly modeler: ModelerService) {}

  private base(actor: Actor, title: string, csrfToken: string | null): PageContext {
    return { title, userName: actor.displayName, csrfToken, navModeler: true };
  }

  private notFound(actor: Actor, csrfToken: string | null, message: string): PageOutcome {
    return {
      status: 404,
      view: 'modeler-error',
      context: { ...this.base(actor, 'Nicht gefunden', csrfToken), message },
    };
  }

  /** runs a page builder; unknown models and versions become the German 404 page */
  private async guarded(
    actor: Actor,
    csrfToken: string | null,
    build: () => Promise<PageOutcome>,
  ): Promise<PageOutcome> {
    try {
      return await build();
    } catch (error) {
      if (error instanceof ModelNotFoundError || error instanceof VersionNotFoundError)
        return this.notFound(actor, csrfToken, error.message);
      throw error;
    }
  }

  async cataloguePage(actor: Actor, csrfToken: string | null): Promise<PageOutcome> {
    const [resources, queue] = await Promise.all([this.modeler.catalogue(), this.modeler.queue('submitted')]);
    return {
      status: 200,
      view: 'modeler-catalogue',
      context: {
        ...this.base(actor, 'Prozesse und Formulare', csrfToken),
        ...catalogueContext(actor, resources, queue),
      },
    };
  }

  async editorPage(
    actor: Actor,
    kind: string,
    resourceId: string,
    requested: number | undefined,
    csrfToken: string | null,
  ): Promise<PageOutcome> {
    if (!isKind(kind)) return this.notFound(actor, csrfToken, 'Diese Art von Modell gibt es nicht.');
    return this.guarded(actor, csrfToken, async () => {
      const resource = await this.modeler.resource(kind, resourceId);
      const version = chosenVersion(resource, requested);
      if (!version) return this.notFound(actor, csrfToken, 'Dieses Modell hat noch keine Version.');
      if (requested && requested !== version)
        return this.notFound(actor, csrfToken, `Version ${requested} von ${resource.name} gibt es nicht.`);
      return {
        status: 200,
        view: kind === 'bpmn' ? 'modeler-bpmn' : 'modeler-form',
        context: {
          ...this.base(actor, `${resource.name} bearbeiten`, csrfToken),
          ...editorContext(actor, resource, version),
        },
      };
    });
  }

  async versionPage(
    actor: Actor,
    kind: string,
    resourceId: string,
    /** the path segment: a version number 1…n, anything else is a version that does not exist */
    segment: string,
    notice: string | undefined,
    csrfToken: string | null,
  ): Promise<PageOutcome> {
    if (!isKind(kind)) return this.notFound(actor, csrfToken, 'Diese Art von Modell gibt es nicht.');
    if (!/^[1-9]\d{0,8}$/.test(segment)) {
      return this.notFound(actor, csrfToken, `Version „${segment.slice(0, 40)}“ gibt es nicht.`);
    }
    const number = Number(segment);
    return this.guarded(actor, csrfToken, async () => {
      const [resource, version] = await Promise.all([
        this.modeler.resource(kind, resourceId),
        this.modeler.version(kind, resourceId, number),
      ]);
      return {
        status: 200,
        view: 'modeler-version',
        context: {
          ...this.base(actor, `${resource.name}: Version ${number}`, csrfToken),
          ...versionContext(actor, resource, version, notice ? NOTICES[notice] : undefined),
        },
      };
    });
  }

  async diffPage(
    actor: Actor,
    kind: string,
    resourceId: string,
    from: number | undefined,
    to: number | undefined,
    csrfToken: string | null,
  ): Promise<PageOutcome> {
    if (!isKind(kind)) return this.notFound(actor, csrfToken, 'Diese Art von Modell gibt es nicht.');
    return this.guarded(actor, csrfToken, async () => {
      const resource = await this.modeler.resource(kind, resourceId);
      const pair = diffPair(resource, from, to);
      if (!pair) return this.notFound(actor, csrfToken, 'Dieses Modell hat noch keine Version.');
      return {
        status: 200,
        view: 'modeler-diff',
        context: {
          ...this.base(actor, `Vergleich: ${resource.name}`, csrfToken),
          ...diffContext(resource, pair.from, pair.to),
        },
      };
    });
  }
}
