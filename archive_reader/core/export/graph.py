"""The entity co-occurrence graph, written as GEXF (Gephi) or GraphML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from archive_reader.core.db.storage import now
from archive_reader.core.export.selection import ExportArticle, ExportMention
from archive_reader.core.export.text import xml_text
from archive_reader.version import __version__


@dataclass(slots=True)
class GraphNode:
    """An entity in the co-occurrence graph.

    Attributes:
        id: The entity's id.
        label: Its name.
        type: Its type.
        mentions: Its mentions in the exported articles.
        articles: How many of the exported articles mention it.
    """

    id: int
    label: str
    type: str
    mentions: int
    articles: int


@dataclass(slots=True)
class GraphEdge:
    """Two entities mentioned in the same articles.

    Attributes:
        source: One entity's id (the smaller).
        target: The other's.
        weight: The number of articles that mention both.
        article_ids: Those articles (the evidence), ascending.
    """

    source: int
    target: int
    weight: int
    article_ids: list[int]


def cooccurrence(articles: Sequence[ExportArticle]) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The entities of the articles and which appear together in one article."""
    nodes: dict[int, GraphNode] = {}
    together: dict[tuple[int, int], list[int]] = defaultdict(list)
    for article in articles:
        present: dict[int, ExportMention] = {}
        for m in article.mentions:
            node = nodes.get(m.entity_id)
            if node is None:
                node = nodes[m.entity_id] = GraphNode(m.entity_id, m.entity, m.type, 0, 0)
            node.mentions += 1
            present.setdefault(m.entity_id, m)
        for entity_id in present:
            nodes[entity_id].articles += 1
        for pair in combinations(sorted(present), 2):
            together[pair].append(article.id)
    edges = [GraphEdge(a, b, len(ids), sorted(ids)) for (a, b), ids in sorted(together.items())]
    return sorted(nodes.values(), key=lambda n: n.id), edges


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def gexf(graph: tuple[list[GraphNode], list[GraphEdge]]) -> str:
    """The co-occurrence graph as GEXF 1.3 (Gephi): weighted undirected edges.

    Node attributes: type, mentions, articles. Edge attribute: articles (the
    evidence: article ids separated by spaces).
    """
    nodes, edges = graph
    ns = "http://gexf.net/1.3"
    root = ET.Element("gexf", {"xmlns": ns, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": now()[:10]})
    ET.SubElement(meta, "creator").text = f"Archive Reader {__version__}"
    ET.SubElement(meta, "description").text = "Entities mentioned in the same articles"
    g = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "undirected"})
    node_attributes = ET.SubElement(g, "attributes", {"class": "node"})
    for number, (title, kind) in enumerate(
        (("type", "string"), ("mentions", "integer"), ("articles", "integer"))
    ):
        ET.SubElement(
            node_attributes, "attribute", {"id": str(number), "title": title, "type": kind}
        )
    edge_attributes = ET.SubElement(g, "attributes", {"class": "edge"})
    ET.SubElement(edge_attributes, "attribute", {"id": "0", "title": "articles", "type": "string"})
    node_list = ET.SubElement(g, "nodes")
    for node in nodes:
        element = ET.SubElement(
            node_list, "node", {"id": str(node.id), "label": xml_text(node.label)}
        )
        values = ET.SubElement(element, "attvalues")
        for number, value in enumerate((node.type, node.mentions, node.articles)):
            ET.SubElement(values, "attvalue", {"for": str(number), "value": xml_text(value)})
    edge_list = ET.SubElement(g, "edges")
    for number, edge in enumerate(edges):
        element = ET.SubElement(
            edge_list,
            "edge",
            {
                "id": str(number),
                "source": str(edge.source),
                "target": str(edge.target),
                "weight": str(edge.weight),
            },
        )
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(
            values, "attvalue", {"for": "0", "value": " ".join(map(str, edge.article_ids))}
        )
    return _xml(root)


def graphml(graph: tuple[list[GraphNode], list[GraphEdge]]) -> str:
    """The co-occurrence graph as GraphML.

    Node keys: label, type, mentions, articles. Edge keys: weight, evidence
    (article ids separated by spaces).
    """
    nodes, edges = graph
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    keys = (
        ("label", "node", "string"),
        ("type", "node", "string"),
        ("mentions", "node", "int"),
        ("articles", "node", "int"),
        ("weight", "edge", "double"),
        ("evidence", "edge", "string"),
    )
    for name, owner, kind in keys:
        ET.SubElement(
            root,
            "key",
            {"id": f"{owner[0]}_{name}", "for": owner, "attr.name": name, "attr.type": kind},
        )
    g = ET.SubElement(root, "graph", {"id": "cooccurrence", "edgedefault": "undirected"})

    def data(parent: ET.Element, key: str, value: object) -> None:
        ET.SubElement(parent, "data", {"key": key}).text = xml_text(value)

    for node in nodes:
        element = ET.SubElement(g, "node", {"id": f"e{node.id}"})
        data(element, "n_label", node.label)
        data(element, "n_type", node.type)
        data(element, "n_mentions", node.mentions)
        data(element, "n_articles", node.articles)
    for edge in edges:
        element = ET.SubElement(
            g, "edge", {"source": f"e{edge.source}", "target": f"e{edge.target}"}
        )
        data(element, "e_weight", float(edge.weight))
        data(element, "e_evidence", " ".join(map(str, edge.article_ids)))
    return _xml(root)
