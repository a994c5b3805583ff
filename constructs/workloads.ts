/** The workloads a stack runs: inference services, recommendation services and training jobs, and what they share. */
export * from './inference-service.ts';
export * from './recommendation-service.ts';
export * from './training-job.ts';
export { Model, type ParallelismProps, Workload, type WorkloadContainerProps } from './workload.ts';
