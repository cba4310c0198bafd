"""Python forms compiled from ui/*.ui by ``python -m spf_desktop.gui.compile_forms``.

Generated files: edit the .ui file in Qt Designer, then recompile. A test fails
when a compiled form is older than its .ui file's content.
"""
