"""The name under which Whoosh finds our field type in every index's pickled schema.

Whoosh keeps each index's schema pickled in its table of contents, and pickle
names a class by its module. Indexes written before the search package existed
name ``archive_reader.core.indexing.TermsField``; the class keeps that name (see
:mod:`archive_reader.core.search.index`), so that indexes written by earlier and
later versions of the program open in both, and none is rebuilt because code
moved. Nothing else should import this module.
"""

from archive_reader.core.search.index import RawPositions, TermsField

__all__ = ["RawPositions", "TermsField"]
