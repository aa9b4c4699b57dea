"""The library projection in MongoDB: one entry per final approach, one posting per word.

Both are written through `AggregateRepository` (insert with our `_id`, version-guarded
replace), never by a plain upsert: `shared/persistence/repository.py` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict
from pymongo.asynchronous.database import AsyncDatabase

from services.documents.domain.library import LibraryEntry
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document
from shared.persistence.repository import AggregateRepository, Change


class Posting(BaseModel):
    """One word of a case's topic: found by equality on `term`."""

    model_config = ConfigDict(frozen=True)

    term: str
    case_id: str


class EntryRepository(AggregateRepository[LibraryEntry]):
    collection_name = "library"
    state_model = LibraryEntry
    naive_text_fields = ("delivered_at",)
    indexes = (
        IndexSpec((("delivered_at", -1),), "by_delivery"),
        IndexSpec((("municipality_key", 1), ("delivered_at", -1)), "by_municipality"),
        IndexSpec((("programme_format", 1), ("delivered_at", -1)), "by_format"),
        IndexSpec(
            (("municipality_key", 1), ("programme_format", 1), ("delivered_at", -1)),
            "by_municipality_format",
        ),
    )


class PostingRepository(AggregateRepository[Posting]):
    collection_name = "library_terms"
    state_model = Posting
    indexes = (IndexSpec((("term", 1), ("case_id", 1)), "by_term"),)


def _once(posting: Posting) -> Callable[[Posting | None], Change[Posting] | None]:
    return lambda current: None if current else Change(posting)


class LibraryIndex:
    """Written only for cases whose owner consented; read by learners."""

    def __init__(self, database: AsyncDatabase[Document], *, check_queries: bool = False) -> None:
        self.entries = EntryRepository(database, check_queries=check_queries)
        self.postings = PostingRepository(database, check_queries=check_queries)

    async def ensure_indexes(self) -> None:
        await self.entries.ensure_indexes()
        await self.postings.ensure_indexes()

    async def put(self, entry: LibraryEntry, words: Iterable[str]) -> None:
        """Idempotent: entry and postings have deterministic ids."""
        for word in sorted(words):
            posting = Posting(term=word, case_id=entry.case_id)
            await self.postings.apply(f"{word}|{entry.case_id}", _once(posting))
        # The entry last: once it is listed, every word already finds it.
        await self.entries.apply(
            entry.case_id, lambda current: None if current == entry else Change(entry)
        )

    async def search(
        self,
        words: set[str],
        municipality_key: str | None,
        programme_format: str | None,
        skip: int,
        limit: int,
        year: int | None = None,
    ) -> list[LibraryEntry]:
        """Newest first; every word of the topic must occur. The year is checked on the entries
        read (a few dozen shared cases a year), so no index per combination is needed."""
        query: dict[str, Any] = {}
        if municipality_key:
            query["municipality_key"] = municipality_key
        if programme_format:
            query["programme_format"] = programme_format
        if words:
            matched = await self._by_words(words, query)
            return [e for e in matched if not year or e.year == year][skip : skip + limit]
        if year:
            every = await self.entries.find(query, sort=[("delivered_at", -1)])
            return [s.state for s in every if s.state.year == year][skip : skip + limit]
        found = await self.entries.find(query, sort=[("delivered_at", -1)], skip=skip, limit=limit)
        return [stored.state for stored in found]

    async def _by_words(self, words: set[str], wanted: dict[str, Any]) -> list[LibraryEntry]:
        """Cases holding every word, read by id (the postings already narrowed them down);
        the other filters are checked on those few entries."""
        found: set[str] | None = None
        for word in sorted(words):
            cases = {p.state.case_id for p in await self.postings.find({"term": word})}
            found = cases if found is None else found & cases
        entries = []
        for case_id in sorted(found or ()):
            stored = await self.entries.get(case_id)
            if stored and all(getattr(stored.state, k) == v for k, v in wanted.items()):
                entries.append(stored.state)
        return sorted(entries, key=lambda e: e.delivered_at, reverse=True)
