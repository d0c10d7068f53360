"""The co-occurrence graph as GEXF and GraphML, read back with networkx."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.core.export.helpers import Library, everything, exporter


def test_graphs_read_back_with_networkx(library: Library, tmp_path: Path) -> None:
    networkx = pytest.importorskip("networkx")
    a, b, c = library.ids  # type: ignore[attr-defined]
    ex = exporter(library)
    gexf_path = ex.export("gexf", everything(library), tmp_path / "g.gexf").paths[0]
    graphml_path = ex.export("graphml", everything(library), tmp_path / "g.graphml").paths[0]
    g1 = networkx.read_gexf(gexf_path)
    g2 = networkx.read_graphml(graphml_path)
    for graph, node in ((g1, str), (g2, lambda i: f"e{i}")):
        assert graph.number_of_nodes() == 4
        rs = graph.nodes[node(library.rs)]  # type: ignore[attr-defined]
        assert rs["type"] == "organisation" and rs["mentions"] == 2 and rs["articles"] == 2
        berlin = graph.nodes[node(library.berlin)]  # type: ignore[attr-defined]
        assert berlin["mentions"] == 1  # the rejected mention is not counted
        edge = graph.edges[node(library.rs), node(library.ria)]  # type: ignore[attr-defined]
        assert edge["weight"] == 2
        evidence = edge.get("articles", edge.get("evidence"))
        assert sorted(map(int, evidence.split())) == sorted([a, b])
        assert graph.edges[node(library.jane), node(library.berlin)]["weight"] == 1  # type: ignore[attr-defined]
        assert graph.number_of_edges() == 6
    assert g1.nodes[str(library.rs)]["label"] == "Rossiya Segodnya"  # type: ignore[attr-defined]
    assert g2.nodes[f"e{library.rs}"]["label"] == "Rossiya Segodnya"  # type: ignore[attr-defined]


def test_graph_xml_survives_any_script_and_control_characters(library: Library) -> None:
    networkx = pytest.importorskip("networkx")
    a = library.ids[0]  # type: ignore[attr-defined]
    with library.archive._handle.storage.transaction():
        library.db.execute(
            "UPDATE entities SET name = ? WHERE id = ?",
            ['Россия <Сегодня> & "新华社"\x01\x0b', library.rs],  # type: ignore[attr-defined]
        )
    ex = exporter(library)
    for format, read in (("gexf", networkx.read_gexf), ("graphml", networkx.read_graphml)):
        text = ex.render(format, ex.select(article_ids=[a]))
        ET.fromstring(text.encode("utf-8"))
        graph = read(io.BytesIO(text.encode("utf-8")))
        labels = {data.get("label") for _, data in graph.nodes(data=True)}
        assert 'Россия <Сегодня> & "新华社"\ufffd\ufffd' in labels
