import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DeploymentService } from './deployment.service';
import { JobWorkerDiscovery } from './job-worker.discovery';

/** After every module is initialised: deploy processes/ and forms/, then open the job workers. */
@Injectable()
export class EngineBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(EngineBootstrap.name);

  constructor(
    private readonly deployment: DeploymentService,
    private readonly workers: JobWorkerDiscovery,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const deployed = await this.deployment.deployAll();
    this.logger.log({ msg: 'resources deployed', count: deployed.length });
    this.workers.start();
  }
}
