export * from '../src/units/index.ts';
export * from './cooling.ts';
export * from './fabric.ts';
export * from './nodes.ts';
export * from './power.ts';
export * from './rack.ts';
export * from './superpod.ts';
export * from './suppressions.ts';
