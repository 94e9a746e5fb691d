#!/usr/bin/env python3
"""Minimal bbolt (go.etcd.io/bbolt, file format version 2) writer and reader, standard library.

Written for the benchmark harness (``trivydb.py``): it writes a fresh database file in one go
(no transactions, no freelist reuse) and reads one back for self-checks. It is written from the
on-disk format description, not from bbolt's code:

* The file is a sequence of pages of ``page_size`` bytes (4096 here). Each page starts with a
  16-byte header ``id u64, flags u16, count u16, overflow u32`` (little endian, as bbolt writes on
  amd64/arm64). ``overflow`` is the number of extra consecutive pages a large page spans.
* Page flags: branch 0x01, leaf 0x02, meta 0x04, freelist 0x10. A page has exactly one.
* Pages 0 and 1 are meta pages. After the header: ``magic u32 (0xED0CDAED), version u32 (2),
  page_size u32, flags u32, root bucket {root pgid u64, sequence u64}, freelist pgid u64,
  pgid u64 (high-water mark: number of pages in use), txid u64, checksum u64``. The checksum is
  FNV-1a 64 over the 56 bytes before it; bbolt refuses a meta page whose checksum does not match
  and uses the valid meta with the higher txid.
* Page 2 is the freelist page: count = number of free page ids, followed by the ids (u64); here 0.
* Leaf page: ``count`` elements of 16 bytes ``flags u32, pos u32, ksize u32, vsize u32``, where
  ``pos`` is the offset of the key from the start of that element, then key and value bytes.
  Element flag 0x01 marks a nested bucket: the value is a bucket header
  ``{root pgid u64, sequence u64}``. A bucket with ``root == 0`` is *inline*: its single leaf page
  (header with id 0 and flags leaf, elements, data) follows the header inside the value. bbolt
  only inlines buckets without nested buckets whose page is at most page_size/4 bytes; readers
  accept any inline bucket, and this writer follows the same rule.
* Branch page: ``count`` elements of 16 bytes ``pos u32, ksize u32, pgid u64`` (key = first key
  of the child page), then the keys.
* Keys in every page are sorted bytewise (bbolt binary-searches them); the root bucket's root
  page is named by the meta page.
"""
import struct

MAGIC = 0xED0CDAED
VERSION = 2
PAGE_HEADER = struct.Struct("<QHHI")
META = struct.Struct("<IIIIQQQQQ")  # without the checksum
LEAF_ELEM = struct.Struct("<IIII")
BRANCH_ELEM = struct.Struct("<IIQ")
BUCKET_HEADER = struct.Struct("<QQ")
BRANCH, LEAF, METAF, FREELIST = 0x01, 0x02, 0x04, 0x10
BUCKET_LEAF_FLAG = 0x01


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


class Bucket:
    """An in-memory bucket: key (bytes) -> bytes value or nested Bucket."""

    __slots__ = ("items",)

    def __init__(self):
        self.items = {}

    def bucket(self, name):
        if isinstance(name, str):
            name = name.encode()
        b = self.items.get(name)
        if b is None:
            b = self.items[name] = Bucket()
        elif not isinstance(b, Bucket):
            raise ValueError(f"{name!r} is a value, not a bucket")
        return b

    def put(self, key, value):
        if isinstance(key, str):
            key = key.encode()
        if isinstance(value, str):
            value = value.encode()
        if isinstance(self.items.get(key), Bucket):
            raise ValueError(f"{key!r} is a bucket")
        self.items[key] = value


class Writer:
    def __init__(self, page_size=4096):
        self.ps = page_size
        self.pages = []  # (pgid, bytes) of data pages, pgid from 3 on, in order
        self.next_pgid = 3

    def _alloc(self, raw_len):
        n = max(1, -(-raw_len // self.ps))
        pgid = self.next_pgid
        self.next_pgid += n
        return pgid, n

    def _page(self, flags, elems_and_data, count, raw_len):
        pgid, n = self._alloc(raw_len)
        buf = bytearray(n * self.ps)
        PAGE_HEADER.pack_into(buf, 0, pgid, flags, count, n - 1)
        buf[PAGE_HEADER.size:PAGE_HEADER.size + len(elems_and_data)] = elems_and_data
        self.pages.append((pgid, bytes(buf)))
        return pgid

    @staticmethod
    def _leaf_body(entries):
        """entries: sorted list of (key, value bytes, flags) -> elements + data bytes."""
        n = len(entries)
        elems = bytearray(n * LEAF_ELEM.size)
        data = bytearray()
        for i, (k, v, fl) in enumerate(entries):
            pos = n * LEAF_ELEM.size + len(data) - i * LEAF_ELEM.size
            LEAF_ELEM.pack_into(elems, i * LEAF_ELEM.size, fl, pos, len(k), len(v))
            data += k
            data += v
        return bytes(elems + data)

    def _write_tree(self, entries):
        """Writes a B+tree for sorted leaf entries; returns the root pgid."""
        ps = self.ps
        level = []  # (first key, pgid)
        chunk, size = [], PAGE_HEADER.size
        for e in entries:
            esz = LEAF_ELEM.size + len(e[0]) + len(e[1])
            if chunk and (size + esz > ps or len(chunk) >= 0xFFFF):
                body = self._leaf_body(chunk)
                level.append((chunk[0][0], self._page(LEAF, body, len(chunk),
                                                      PAGE_HEADER.size + len(body))))
                chunk, size = [], PAGE_HEADER.size
            chunk.append(e)
            size += esz
        body = self._leaf_body(chunk)
        level.append((chunk[0][0] if chunk else b"",
                      self._page(LEAF, body, len(chunk), PAGE_HEADER.size + len(body))))
        while len(level) > 1:
            nxt = []
            chunk, size = [], PAGE_HEADER.size
            groups = []
            for k, pg in level:
                esz = BRANCH_ELEM.size + len(k)
                if chunk and (size + esz > ps or len(chunk) >= 0xFFFF):
                    groups.append(chunk)
                    chunk, size = [], PAGE_HEADER.size
                chunk.append((k, pg))
                size += esz
            groups.append(chunk)
            if len(groups) > 1 and len(groups[-1]) == 1:
                # bbolt wants at least 2 keys per branch page when it rebalances; never write
                # a single-child branch page (harmless for reading, but keep the tree tidy)
                groups[-1].insert(0, groups[-2].pop())
            for g in groups:
                n = len(g)
                elems = bytearray(n * BRANCH_ELEM.size)
                data = bytearray()
                for i, (k, pg) in enumerate(g):
                    pos = n * BRANCH_ELEM.size + len(data) - i * BRANCH_ELEM.size
                    BRANCH_ELEM.pack_into(elems, i * BRANCH_ELEM.size, pos, len(k), pg)
                    data += k
                body = bytes(elems + data)
                nxt.append((g[0][0], self._page(BRANCH, body, n, PAGE_HEADER.size + len(body))))
            level = nxt
        return level[0][1]

    def _bucket_value(self, bucket):
        """Serialises a nested bucket into its leaf value (inline or with a root page)."""
        entries = self._entries(bucket)
        if all(fl == 0 for _, _, fl in entries):
            body = self._leaf_body(entries)
            inline_size = PAGE_HEADER.size + len(body)
            if inline_size <= self.ps // 4:
                return (BUCKET_HEADER.pack(0, 0) + PAGE_HEADER.pack(0, LEAF, len(entries), 0)
                        + body)
        return BUCKET_HEADER.pack(self._write_tree(entries), 0)

    def _entries(self, bucket):
        out = []
        for k in sorted(bucket.items):
            v = bucket.items[k]
            if isinstance(v, Bucket):
                out.append((k, self._bucket_value(v), BUCKET_LEAF_FLAG))
            else:
                out.append((k, v, 0))
        return out

    def write(self, root, path, txid=1):
        """Writes the root bucket (its items are the top-level buckets) to a new file."""
        root_pgid = self._write_tree(self._entries(root))
        hwm = self.next_pgid
        with open(path, "wb") as f:
            for i in range(2):
                buf = bytearray(self.ps)
                PAGE_HEADER.pack_into(buf, 0, i, METAF, 0, 0)
                meta = META.pack(MAGIC, VERSION, self.ps, 0, root_pgid, 0, 2, hwm, txid - 1 + i)
                buf[16:16 + META.size] = meta
                struct.pack_into("<Q", buf, 16 + META.size, fnv1a64(meta))
                f.write(buf)
            buf = bytearray(self.ps)
            PAGE_HEADER.pack_into(buf, 0, 2, FREELIST, 0, 0)
            f.write(buf)
            expect = 3
            for pgid, data in self.pages:
                assert pgid == expect, (pgid, expect)
                f.write(data)
                expect += len(data) // self.ps
            assert expect == hwm
        return hwm


# ------------------------------------------------------------------ reader (self-check only)

class Reader:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.buf = f.read()
        metas = []
        for i in range(2):
            off = i * 4096
            m = META.unpack_from(self.buf, off + 16)
            (csum,) = struct.unpack_from("<Q", self.buf, off + 16 + META.size)
            if m[0] != MAGIC or m[1] != VERSION:
                continue
            if csum != fnv1a64(self.buf[off + 16:off + 16 + META.size]):
                raise ValueError(f"meta {i}: checksum mismatch")
            metas.append(m)
        m = max(metas, key=lambda x: x[8])
        self.ps, self.root = m[2], m[4]

    def _page_at(self, buf, off):
        pgid, flags, count, overflow = PAGE_HEADER.unpack_from(buf, off)
        return flags, count, off + PAGE_HEADER.size

    def _iter_page(self, buf, off):
        flags, count, base = self._page_at(buf, off)
        if flags == LEAF:
            for i in range(count):
                eoff = base + i * LEAF_ELEM.size
                fl, pos, ks, vs = LEAF_ELEM.unpack_from(buf, eoff)
                k = buf[eoff + pos:eoff + pos + ks]
                v = buf[eoff + pos + ks:eoff + pos + ks + vs]
                yield k, v, fl
        elif flags == BRANCH:
            prev = None
            for i in range(count):
                eoff = base + i * BRANCH_ELEM.size
                pos, ks, pg = BRANCH_ELEM.unpack_from(buf, eoff)
                k = buf[eoff + pos:eoff + pos + ks]
                assert prev is None or prev < k, "branch keys not sorted"
                prev = k
                first = True
                for item in self._iter_page(self.buf, pg * self.ps):
                    if first:
                        assert item[0] == k, "branch key is not the child's first key"
                        first = False
                    yield item
        else:
            raise ValueError(f"page at {off}: unexpected flags {flags:#x}")

    def items(self, bucket_value=None):
        """Yields (key, value, is_bucket) of the root bucket or of a nested bucket value."""
        if bucket_value is None:
            it = self._iter_page(self.buf, self.root * self.ps)
        else:
            root, _seq = BUCKET_HEADER.unpack_from(bucket_value, 0)
            if root == 0:
                it = self._iter_page(bytes(bucket_value), BUCKET_HEADER.size)
            else:
                it = self._iter_page(self.buf, root * self.ps)
        prev = None
        for k, v, fl in it:
            assert prev is None or prev < k, "keys not sorted"
            prev = k
            yield bytes(k), bytes(v), bool(fl & BUCKET_LEAF_FLAG)

    def to_dict(self, bucket_value=None):
        out = {}
        for k, v, is_b in self.items(bucket_value):
            out[k] = self.to_dict(v) if is_b else v
        return out
