"""科技创新项目: calls for applications and innovation projects."""
