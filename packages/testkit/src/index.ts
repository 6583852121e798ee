/**
 * @res/testkit — real MCP servers with injectable faults, in memory, over stdio and over
 * streamable HTTP, with a ledger of what every tool handler actually did.
 */
export { type Fault, type FaultPlan, type FaultType, type ResolvedFault, OK, resolveFault, faultLabel } from './faults.js';
export { parseFault, parseFaultPlan, withSeeds } from './fault-validation.js';
export { parseFaultSyntax } from './fault-syntax.js';
export { inBand, toolError } from './in-band.js';
export { type LedgerEvent, type LedgerView, Ledger } from './ledger.js';
export { type LedgerStore, MemoryLedgerStore, FileLedgerStore } from './ledger-store.js';
export { type PlanEntry, type PlanSource, type PlanSnapshot, FaultPlanState, PlanFile, readPlanFile, writePlanFile } from './plan.js';
export { type ToolSpec, type ToolAnnotations, type JsonSchemaObject, defaultTools, listedTool } from './tools.js';
export { parseToolSpec, parseToolSpecs } from './tool-validation.js';
export { jsonResult, toolErrorResult, isCallToolResult } from './results.js';
export { type Responder, type CallRuntime, type HandlerExtra, InjectedRpcError, runToolCall } from './call.js';
export { type FaultServerOptions, createFaultServer, STATUS_RESOURCE_URI, TESTKIT_VERSION } from './server.js';
export type { ServerOptions, FaultControls, ServerControls } from './state.js';
export { type InMemoryServerHandle, createInMemoryServer } from './in-memory.js';
export { type StdioServerOptions, type StdioServerHandle, type StdioConnect, stdioServer } from './stdio.js';
export { type HttpServerOptions, type HttpServerHandle, startHttpServer } from './http.js';
export { type Safety, type CatalogEntry, type Catalog, type CatalogOptions, annotationsFor, catalogNames, catalogTools } from './catalog.js';
export { type FakeServerOptions, type FakeServer, fakeServer } from './fake-server.js';
export { type ChildConfig, parseChildConfig, readChildConfig } from './config.js';
export { runChild } from './child.js';
export { type SeededRandom, mulberry32, mulberry32At, seededRandom, randomSeed } from './random.js';
export { createConformanceServer, startConformanceHttp, type ConformanceHttpHandle, MemoryEventStore } from './conformance/index.js';

/** Path of the runnable stdio conformance target (`node <path>`). */
export const conformanceStdioPath: string = new URL('./conformance/stdio.js', import.meta.url).pathname;
export { type HostileMode, type RpcIn, type RequestFacts, hostileModes, FORGED_LINE, respond as hostileResponse } from './hostile/modes.js';
export { type HostileStdio, type HostileStdioOptions, hostileStdio } from './hostile/stdio.js';
export { type HostileHttp, startHostileHttp } from './hostile/http.js';
