"""The report's sections: each module computes one notebook's results and displays them.

Functions take a :class:`zonereport.report.Report`, display headings, text, figures and tables,
and return the computed tables so a researcher can explore them in JupyterLab.
"""
