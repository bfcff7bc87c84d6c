"""riskwarn: post integrity risk-point early warning (岗位廉政风险点预警).

Model an organization's positions, people and power-sharing checks as a
time-versioned graph, scan it for structural risk points, and route explained
warnings to the supervisors responsible.
"""
