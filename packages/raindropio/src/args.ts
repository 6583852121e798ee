/** A bookmark as `create_bookmark` takes it (Raindrop's field names). */
export interface RaindropBookmarkPayload {
  link: string;
  title?: string;
  excerpt?: string;
  note?: string;
  tags?: string[];
  important?: boolean;
  media?: Record<string, unknown>[];
  pleaseParse?: Record<string, unknown>;
}

/** A collection as `create_collection` and `update_collection` take it. */
export interface RaindropCollectionPayload {
  title: string;
  description?: string;
  parentId?: number;
  public?: boolean;
  view?: string;
  sort?: string;
  color?: string;
}

/** The filters of `apply_filters` and `get_filtered_bookmarks_by_collection`. */
export interface RaindropFilter {
  search?: string;
  tags?: string[];
  /** ISO 8601 date. */
  created_after?: string;
  /** ISO 8601 date. */
  created_before?: string;
  important?: boolean;
  favorite?: boolean;
  has_note?: boolean;
  collection_id?: number;
  domain?: string;
  /** e.g. `'created'`, `'title'`, `'lastUpdate'`. */
  sort?: string;
}

/** Arguments of RaindropIO-MCP's main tools (others take an object too: see the server's schemas). */
export interface RaindropToolArgs {
  list_bookmarks: { collection_id: number; page?: number; per_page?: number; search?: string; sort?: string };
  search_bookmarks: { query: string; page?: number; per_page?: number };
  get_bookmark: { bookmark_id: number };
  create_bookmark: { collection_id: number; payload: RaindropBookmarkPayload };
  update_bookmark: { bookmark_id: number; payload: Partial<RaindropBookmarkPayload> & { collectionId?: number; created?: string } };
  delete_bookmark: { bookmark_id: number };
  get_collection: { collection_id: number };
  create_collection: { payload: RaindropCollectionPayload };
  update_collection: { collection_id: number; payload: RaindropCollectionPayload };
  delete_collection: { collection_id: number };
  rename_tag: { old_tag: string; new_tag: string };
  delete_tag: { tag: string };
  list_highlights: { bookmark_id: number };
  apply_filters: { payload: RaindropFilter };
  get_filtered_bookmarks_by_collection: { collection_id: number; payload: RaindropFilter };
  batch_move_bookmarks: { payload: { bookmark_ids: number[]; collection_id: number } };
  batch_tag_bookmarks: { payload: { bookmark_ids: number[]; tags: string[] } };
  batch_untag_bookmarks: { payload: { bookmark_ids: number[]; tags: string[] } };
  batch_delete_bookmarks: { payload: { bookmark_ids: number[] } };
}
