/**
 * @res/testkit/contract: the adapter contract suite and its rig, for an adapter package's
 * tests (vitest). Typed structurally: it reads an adapter through its descriptor and never
 * imports one.
 *
 * @example
 * import { adapterContract } from '@res/testkit/contract';
 * const rig = adapterContract({ adapter: mailgunAdapter, env, presets: { … }, breaker: { … }, absent: [ … ] });
 *
 * @packageDocumentation
 */
export { adapterContract, type AdapterContract } from './suite.js';
export { adapterRig, QUICK, type AdapterFixture, type AdapterRig, type ContractAdapter, type ContractClient, type ContractOptions, type RigFake } from './rig.js';
export { catalogDrift, factSheetPath, readFactSheet, type FactSheetTool } from './fact-sheet.js';
