"""``opctl graph``: a DAG template drawn as Mermaid, Graphviz dot, terminal layers or JSON."""

from opctl.graph.model import Graph, GraphError, build_graph
from opctl.graph.render import RENDERERS, render

__all__ = ["RENDERERS", "Graph", "GraphError", "build_graph", "render"]
