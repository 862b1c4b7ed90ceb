"""The documents: the PCC-candidate briefing pack and the review report, in HTML and PDF."""
