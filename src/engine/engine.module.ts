import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DatabaseModule } from '../database/database.module';
import { ClockService } from './clock.service';
import { DeploymentService } from './deployment.service';
import { EngineBootstrap } from './engine.bootstrap';
import { InstanceLogWorker } from './instance-log/instance-log.worker';
import { JobFailures } from './job-failures';
import { JobWorkerDiscovery } from './job-worker.discovery';
import { ZeebeService } from './zeebe.service';

/**
 * The Zeebe client (embedded engine or ZEEBE_ADDRESS), deployment of resources, job worker discovery,
 * and the instance log the process-level execution listeners write.
 */
@Global()
@Module({
  imports: [DatabaseModule, DiscoveryModule],
  providers: [
    ZeebeService,
    DeploymentService,
    JobWorkerDiscovery,
    EngineBootstrap,
    ClockService,
    InstanceLogWorker,
    JobFailures,
  ],
  exports: [ZeebeService, DeploymentService, ClockService, JobFailures],
})
export class EngineModule {}
