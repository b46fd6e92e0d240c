"""ICJC members from ``members/members.yaml``: member cards, the map, the sidebar list
(``build.py``), and the quick check contributors run (``python -m icjc.members``)."""
