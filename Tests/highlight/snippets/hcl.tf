# comment
resource "aws_instance" "web" {
  ami           = "ami-123"
  count         = 2
  enabled       = true
  tags = {
    Name = "web-${var.env}"
  }
}
