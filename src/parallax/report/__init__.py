"""Reports people read: terminal (rich), Markdown, self-contained HTML, notebook tables.

Every format is computed from the same views (``parallax.report.view``), so they agree on
verdicts, counts and which sentences back each finding.
"""

from parallax.report.frames import to_frames
from parallax.report.html import render_html
from parallax.report.markdown import render_markdown
from parallax.report.text import render_text

__all__ = ["render_html", "render_markdown", "render_text", "to_frames"]
