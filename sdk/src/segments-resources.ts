// Segments: saved partner filters the server evaluates (with a live count), the audience of messages,
// newsletters and bulk actions.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import { paginate } from './pagination.ts'
import type {
  CreateSegmentInput,
  Id,
  Page,
  PageQuery,
  Partner,
  Segment,
  SegmentDefinition,
  SegmentPreview,
  SegmentWithCount,
  UpdateSegmentInput,
} from './types.ts'

const seg = encodeURIComponent

export class SegmentsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A saved segment; answered with its live count.
   * @example afflio.segments.create({ name: 'Dormant', definition: { conditions: [{ type: 'lastClickOlderThanDays', days: 30 }] } })
   */
  create(input: CreateSegmentInput, options?: WriteOptions): Promise<SegmentWithCount> {
    return this.#http.post('/v1/segments', input, options)
  }

  /** Newest first, each with its live count. */
  list(query?: PageQuery, options?: RequestOptions): Promise<Page<SegmentWithCount>> {
    return this.#http.get('/v1/segments', { ...query }, options)
  }

  listAll(query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<SegmentWithCount, void, undefined> {
    return paginate((cursor) => this.list({ ...query, cursor }, options))
  }

  get(id: Id, options?: RequestOptions): Promise<SegmentWithCount> {
    return this.#http.get(`/v1/segments/${seg(id)}`, undefined, options)
  }

  update(id: Id, input: UpdateSegmentInput, options?: RequestOptions): Promise<SegmentWithCount> {
    return this.#http.patch(`/v1/segments/${seg(id)}`, input, options)
  }

  /** Deletes a segment: it is no longer listed or usable as an audience. Returns it. */
  delete(id: Id, options?: RequestOptions): Promise<Segment> {
    return this.#http.delete(`/v1/segments/${seg(id)}`, options)
  }

  /** The segment's partners now, newest first. */
  partners(id: Id, query?: PageQuery, options?: RequestOptions): Promise<Page<Partner>> {
    return this.#http.get(`/v1/segments/${seg(id)}/partners`, { ...query }, options)
  }

  /** Every partner in the segment, page after page. */
  partnersAll(id: Id, query?: Omit<PageQuery, 'cursor'>, options?: RequestOptions): AsyncGenerator<Partner, void, undefined> {
    return paginate((cursor) => this.partners(id, { ...query, cursor }, options))
  }

  /** The live count and a sample for a definition being edited; nothing is saved. */
  preview(definition: SegmentDefinition, options?: WriteOptions): Promise<SegmentPreview> {
    return this.#http.post('/v1/segments/preview', { definition }, options)
  }
}
