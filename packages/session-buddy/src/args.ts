/**
 * The project the lifecycle tools work on (default: the server's current directory).
 * @inline
 */
interface WorkingDirectory {
  working_directory?: string;
}

/**
 * Options shared by the reflection searches.
 * @inline
 */
interface SearchOptions {
  limit?: number;
  project?: string;
  /** Similarity floor, 0–1 (default 0.7). */
  min_score?: number;
}

/** Arguments of Session-Buddy's main tools (others take an object too: see the server's schemas). */
export interface SessionBuddyToolArgs {
  start: WorkingDirectory;
  checkpoint: WorkingDirectory;
  end: WorkingDirectory;
  status: WorkingDirectory;
  store_reflection: { content: string; tags?: string[] };
  quick_search: { query: string; min_score?: number; project?: string };
  search_summary: SearchOptions & { query: string };
  search_by_file: SearchOptions & { file_path: string };
  search_by_concept: SearchOptions & { concept: string; include_files?: boolean };
  reflection_stats: { project?: string };
  /** `status` reads; `trust` (with `operation`) and `revoke_all` change the session's permissions. */
  permissions: { action?: 'status' | 'trust' | 'revoke_all'; operation?: string };
  get_skill_details: { skill_name: string };
  invoke_skill: { skill_name: string; context?: Record<string, unknown> };
}
